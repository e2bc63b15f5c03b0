"""Write a JPEG thumbnail of each uploaded image to the thumbs bucket."""

import io
import json
import os
import urllib.parse

import boto3
from PIL import Image, ImageOps

import lfc_layer_info  # from the pillow layer

THUMBS_BUCKET = os.environ["THUMBS_BUCKET"]
THUMB_PREFIX = os.environ.get("THUMB_PREFIX", "small/")
THUMB_SIZE = int(os.environ.get("THUMB_SIZE", "256"))
STAGE = os.environ.get("STAGE", "dev")

s3 = boto3.client("s3")


def make_thumbnail(data: bytes) -> bytes:
    """Shrink an image so its longest edge is THUMB_SIZE, keeping the aspect ratio."""
    with Image.open(io.BytesIO(data)) as original:
        image = ImageOps.exif_transpose(original)  # honour the camera's rotation
        image.thumbnail((THUMB_SIZE, THUMB_SIZE))
        out = io.BytesIO()
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
        return out.getvalue()


def handler(event, context):
    written = []
    for record in event["Records"]:
        source_bucket = record["s3"]["bucket"]["name"]
        # Keys arrive URL-encoded in S3 events ("my photo.jpg" -> "my+photo.jpg").
        key = urllib.parse.unquote_plus(record["s3"]["object"]["key"])

        original = s3.get_object(Bucket=source_bucket, Key=key)["Body"].read()
        thumbnail = make_thumbnail(original)

        thumb_key = THUMB_PREFIX + key
        s3.put_object(
            Bucket=THUMBS_BUCKET,
            Key=thumb_key,
            Body=thumbnail,
            ContentType="image/jpeg",
        )
        written.append(thumb_key)
        print(json.dumps({
            "stage": STAGE,
            "source": f"s3://{source_bucket}/{key}",
            "thumbnail": f"s3://{THUMBS_BUCKET}/{thumb_key}",
            "bytes": len(thumbnail),
            "layer": lfc_layer_info.describe(),
        }))
    # An exception above fails the invocation: Lambda retries it twice,
    # then sends the event to the dead-letter queue.
    return {"thumbnails": written}
