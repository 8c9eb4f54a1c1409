#!/usr/bin/env python3
"""Translate a SAM template to plain CloudFormation, as `sam deploy` has AWS do, and print it.

    python3 sam_translate.py TEMPLATE [NAME=VALUE ...]

Uses the SAM translator (pip package aws-sam-translator, which cfn-lint depends on) offline:
no AWS call is made. Local CodeUri/ContentUri paths are rewritten to s3://local/<path> first,
as `sam deploy` rewrites them to the uploaded objects, so the translated AWS::Lambda::Function
resources carry Code.S3Key = the jar's path relative to the template. NAME=VALUE pairs are
parameter values; the translator only needs those its own intrinsics resolve.

Prints the translated template as JSON on stdout. Exit status: 0 translated, 1 the translator
refused the template (its messages on stderr), 2 bad usage, 3 samtranslator is not installed.
"""

import json
import os
import sys


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
    try:
        from samtranslator.model.exceptions import InvalidDocumentException
        from samtranslator.translator.transform import transform
        from samtranslator.yaml_helper import yaml_parse
    except ImportError as e:
        print("samtranslator is not installed (pip install aws-sam-translator): %s" % e,
              file=sys.stderr)
        return 3

    with open(argv[1], encoding="utf-8") as f:
        template = yaml_parse(f.read())
    parameters = dict(arg.split("=", 1) for arg in argv[2:])

    for resource in template.get("Resources", {}).values():
        properties = resource.get("Properties") or {}
        for key in ("CodeUri", "ContentUri"):
            value = properties.get(key)
            if isinstance(value, str) and not value.startswith("s3://"):
                properties[key] = "s3://local/" + value

    class NoManagedPolicies:
        """Every role here is written out; a managed-policy lookup would be a mistake."""

        def load(self):
            return {}

    try:
        translated = transform(template, parameters, NoManagedPolicies())
    except InvalidDocumentException as e:
        for cause in e.causes:
            print("invalid template: %s" % cause.message, file=sys.stderr)
        return 1
    json.dump(translated, sys.stdout, indent=1, sort_keys=False, default=str)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
