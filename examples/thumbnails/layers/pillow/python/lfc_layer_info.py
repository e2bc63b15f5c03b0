"""Describes the Pillow layer; Lambda puts this folder on sys.path (/opt/python)."""

LAYER_NAME = "pillow"
PILLOW_REQUIREMENT = "Pillow==13.0.0"  # keep in step with ../requirements.txt


def describe() -> str:
    """Return the layer's name and the Pillow version actually installed beside it."""
    try:
        import PIL
    except ImportError:
        return f"{LAYER_NAME}: {PILLOW_REQUIREMENT} not installed (run pip, see README)"
    return f"{LAYER_NAME}: Pillow {PIL.__version__}"
