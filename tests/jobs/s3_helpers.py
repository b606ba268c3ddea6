"""S3 test helpers (a module of its own: test modules import it by name, and ``conftest`` names are ambiguous)."""

from __future__ import annotations

import uuid

import boto3

S3_KEYS = {"AWS_ACCESS_KEY_ID": "test-key", "AWS_SECRET_ACCESS_KEY": "test-secret",  # pragma: allowlist secret
           "AWS_DEFAULT_REGION": "us-east-1"}


def new_bucket(endpoint: str) -> str:
    """Create an empty bucket with a random name on the S3 server at ``endpoint``."""
    name = f"designs-{uuid.uuid4().hex[:10]}"
    boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
                 aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"],
                 region_name=S3_KEYS["AWS_DEFAULT_REGION"]).create_bucket(Bucket=name)
    return name
