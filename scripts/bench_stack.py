#!/usr/bin/env python3
"""The benchmark stack of docs/performance.md as a SAM template (the same
functions, triggers and resources as tests/it/common/bench_stack.rs writes
in lf), for timing SAM's translator on the equivalent stack.

Usage: bench_stack.py N > sam-N.json
"""
import json
import sys


def sam(n):
    res = {
        "SharedLayer": {"Type": "AWS::Serverless::LayerVersion",
                        "Properties": {"ContentUri": "s3://artifacts/layer.zip", "CompatibleRuntimes": ["python3.13"]}},
        "FailedQueue": {"Type": "AWS::SQS::Queue"},
    }
    for i in range(n):
        kind = i % 7
        props = {
            "Runtime": "python3.13", "Architectures": ["arm64"], "Handler": "index.handler",
            "CodeUri": f"s3://artifacts/f{i}.zip", "MemorySize": 512, "Timeout": 10,
            "Layers": [{"Ref": "SharedLayer"}],
            "Environment": {"Variables": {"TABLE": f"orders-{i}", "STAGE": "prod", "LEVEL": "info"}},
        }
        if kind in (0, 2, 4, 6):
            props["DeadLetterQueue"] = {"Type": "SQS", "TargetArn": {"Fn::GetAtt": ["FailedQueue", "Arn"]}}
        if kind == 0:
            res[f"B{i}Bucket"] = {"Type": "AWS::S3::Bucket"}
            ev = {"Type": "S3", "Properties": {"Bucket": {"Ref": f"B{i}Bucket"}, "Events": "s3:ObjectCreated:*",
                  "Filter": {"S3Key": {"Rules": [{"Name": "suffix", "Value": ".jpg"}]}}}}
        elif kind == 1:
            ev = {"Type": "HttpApi", "Properties": {"Path": f"/items/{i}", "Method": "GET"}}
        elif kind == 2:
            ev = {"Type": "Schedule", "Properties": {"Schedule": "rate(5 minutes)"}}
        elif kind == 3:
            res[f"Q{i}Queue"] = {"Type": "AWS::SQS::Queue"}
            ev = {"Type": "SQS", "Properties": {"Queue": {"Fn::GetAtt": [f"Q{i}Queue", "Arn"]}}}
        elif kind == 4:
            res[f"T{i}Topic"] = {"Type": "AWS::SNS::Topic"}
            ev = {"Type": "SNS", "Properties": {"Topic": {"Ref": f"T{i}Topic"}}}
        elif kind == 5:
            res[f"D{i}Table"] = {"Type": "AWS::DynamoDB::Table", "Properties": {
                "BillingMode": "PAY_PER_REQUEST",
                "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
                "StreamSpecification": {"StreamViewType": "NEW_IMAGE"}}}
            ev = {"Type": "DynamoDB", "Properties": {"Stream": {"Fn::GetAtt": [f"D{i}Table", "StreamArn"]},
                                                     "StartingPosition": "LATEST"}}
        else:
            ev = {"Type": "EventBridgeRule", "Properties": {"Pattern": {"source": [f"app.{i}"]}}}
        props["Events"] = {"Trigger": ev}
        res[f"F{i}Function"] = {"Type": "AWS::Serverless::Function", "Properties": props}
    return {"AWSTemplateFormatVersion": "2010-09-09", "Transform": "AWS::Serverless-2016-10-31", "Resources": res}


def lf(n):
    """The lf text, as tests/it/common/bench_stack.rs writes it."""
    s = ("stack bench {\n  defaults { runtime = python3.13, architecture = arm64 }\n}\n"
         "layer shared { code = s3 { bucket = \"artifacts\", key = \"layer.zip\" }, runtimes = [python3.13] }\n"
         "queue failed {}\n")
    for i in range(n):
        k = i % 7
        if k == 0:
            s += f"bucket b{i} {{}}\n"
            trig = f"on s3 b{i} {{ suffix = \".jpg\" }}"
        elif k == 1:
            trig = f"on http \"GET /items/{i}\""
        elif k == 2:
            trig = "on schedule \"rate(5 minutes)\""
        elif k == 3:
            s += f"queue q{i} {{}}\n"
            trig = f"on sqs q{i}"
        elif k == 4:
            s += f"topic t{i} {{}}\n"
            trig = f"on sns t{i}"
        elif k == 5:
            s += f"table d{i} {{ key = {{ id = string }}, stream = new_image }}\n"
            trig = f"on dynamodb d{i}"
        else:
            trig = f"on event {{ source = [\"app.{i}\"] }}"
        failure = "dead_letter = failed\n  " if k in (0, 2, 4, 6) else ""
        s += (f"# function {i}\nfunction f{i} {{\n  handler = \"index.handler\"\n"
              f"  code = s3 {{ bucket = \"artifacts\", key = \"f{i}.zip\" }}\n  memory = 512MB\n  timeout = 10s\n"
              f"  layers = [shared]\n  {failure}env {{ TABLE = \"orders-{i}\", STAGE = \"prod\", LEVEL = \"info\" }}\n"
              f"  {trig}\n}}\n")
    return s


if __name__ == "__main__":
    n = int(sys.argv[1])
    if len(sys.argv) > 2 and sys.argv[2] == "--lf":
        sys.stdout.write(lf(n))
    else:
        json.dump(sam(n), sys.stdout, indent=1)
