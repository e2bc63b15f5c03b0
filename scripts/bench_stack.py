#!/usr/bin/env python3
"""The benchmark stack of docs/performance.md as a SAM template (the same
functions, triggers and resources as benches/common/mod.rs writes
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


if __name__ == "__main__":
    json.dump(sam(int(sys.argv[1])), sys.stdout, indent=1)
