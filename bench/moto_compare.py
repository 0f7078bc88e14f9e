"""Times the same 1,000-step EC2 scenario in moto (in process, through boto3) and in
netlab (`netlab run`, native profile build), and prints both times and their ratio.

The scenario is defined once, below, as steps; each step is both a boto3 call (for moto)
and an AWS CLI line (for netlab), so the two runs do the same thing. It uses only what
moto supports (no BYOIP): launches, interface create/attach/detach moves, Elastic IP
moves, stop/start, and describe calls by id.

Usage: python bench/moto_compare.py --netlab target/native/netlab [--steps 1000]
(scripts/bench-moto.sh sets up the virtual environment and runs it).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

REGION = "us-east-1"
ELASTIC_IPS = 4


class Step:
    """One step: an operation with parameters; `$NAME` values refer to earlier captures."""

    def __init__(self, op, params, capture=None, query=None):
        self.op = op
        self.params = params
        self.capture = capture
        self.query = query

    def cli_line(self):
        words = ["aws", "ec2", self.op]
        for flag, value in self.params.items():
            if value is True:
                words.append(f"--{flag}")
            elif isinstance(value, list):
                words.append(f"--{flag}")
                words.extend(str(v) for v in value)
            else:
                words.extend([f"--{flag}", str(value)])
        line = " ".join(words)
        if self.capture:
            line = f"{self.capture}=$({line} --query '{self.query}' --output text)"
        return line


def scenario(steps, image_id):
    """The benchmark scenario, the same shape as the model's criterion benchmark."""
    out = [
        Step(
            "describe-subnets",
            {"filters": "Name=availability-zone,Values=us-east-1a"},
            "S",
            "Subnets[0].SubnetId",
        )
    ]
    for e in range(ELASTIC_IPS):
        out.append(Step("allocate-address", {"domain": "vpc"}, f"P{e}", "AllocationId"))
    k = 0
    while len(out) < steps:
        eip = f"$P{k % ELASTIC_IPS}"
        out.append(
            Step(
                "run-instances",
                {"image-id": image_id, "instance-type": "m5.large", "subnet-id": "$S"},
                f"I{k}",
                "Instances[0].InstanceId",
            )
        )
        out.append(
            Step(
                "create-network-interface",
                {"subnet-id": "$S", "description": f"cell-{k}"},
                f"E{k}",
                "NetworkInterface.NetworkInterfaceId",
            )
        )
        out.append(
            Step(
                "attach-network-interface",
                {"network-interface-id": f"$E{k}", "instance-id": f"$I{k}", "device-index": 1},
                f"A{k}",
                "AttachmentId",
            )
        )
        out.append(
            # moto still wants the flag EC2 no longer needs (reassociation is automatic).
            Step(
                "associate-address",
                {"allocation-id": eip, "network-interface-id": f"$E{k}", "allow-reassociation": True},
            )
        )
        out.append(Step("describe-network-interfaces", {"network-interface-ids": [f"$E{k}"]}))
        if k > 0:
            out.append(Step("detach-network-interface", {"attachment-id": f"$A{k}"}))
            out.append(
                Step(
                    "attach-network-interface",
                    {
                        "network-interface-id": f"$E{k}",
                        "instance-id": f"$I{k - 1}",
                        "device-index": 2,
                    },
                    f"A{k}",
                    "AttachmentId",
                )
            )
            out.append(Step("describe-instances", {"instance-ids": [f"$I{k - 1}"]}))
        out.append(Step("describe-addresses", {"allocation-ids": [eip]}))
        if k % 5 == 4:
            out.append(Step("stop-instances", {"instance-ids": [f"$I{k}"]}))
            out.append(Step("start-instances", {"instance-ids": [f"$I{k}"]}))
        k += 1
    return out[:steps]


# The boto3 spelling of each flag the scenario uses.
PARAMS = {
    "filters": None,
    "domain": "Domain",
    "image-id": "ImageId",
    "instance-type": "InstanceType",
    "subnet-id": "SubnetId",
    "description": "Description",
    "network-interface-id": "NetworkInterfaceId",
    "instance-id": "InstanceId",
    "device-index": "DeviceIndex",
    "allocation-id": "AllocationId",
    "network-interface-ids": "NetworkInterfaceIds",
    "instance-ids": "InstanceIds",
    "allocation-ids": "AllocationIds",
    "attachment-id": "AttachmentId",
    "allow-reassociation": "AllowReassociation",
}


def select(response, query):
    """The `--query` subset the scenario uses: dotted names and [N]."""
    value = response
    for part in query.replace("]", "").split("."):
        name, _, index = part.partition("[")
        value = value[name]
        if index:
            value = value[int(index)]
    return value


def run_moto(steps):
    import boto3
    from moto import mock_aws

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        ec2 = boto3.client("ec2", region_name=REGION)
        image_id = ec2.describe_images(Owners=["amazon"])["Images"][0]["ImageId"]
        steps = steps(image_id)
        captures = {}

        def resolve(value):
            if isinstance(value, list):
                return [resolve(v) for v in value]
            if isinstance(value, str) and value.startswith("$"):
                return captures[value[1:]]
            return value

        started = time.perf_counter()
        for step in steps:
            kwargs = {}
            for flag, value in step.params.items():
                if flag == "filters":
                    name, values = value.split(",", 1)
                    kwargs["Filters"] = [
                        {"Name": name.split("=", 1)[1], "Values": values.split("=", 1)[1].split(",")}
                    ]
                else:
                    kwargs[PARAMS[flag]] = resolve(value)
            if step.op == "run-instances":
                kwargs.update(MinCount=1, MaxCount=1)
            response = getattr(ec2, step.op.replace("-", "_"))(**kwargs)
            if step.capture:
                captures[step.capture] = select(response, step.query)
        elapsed = time.perf_counter() - started
    return elapsed, image_id, steps


# Runs of `netlab run` timed; the fastest is kept, as a process start on a shared machine
# varies by more than the command's own work.
NETLAB_RUNS = 7


def run_netlab(netlab, steps):
    script = "\n".join(step.cli_line() for step in steps) + "\n"
    with tempfile.NamedTemporaryFile("w", suffix=".sh", delete=False) as f:
        f.write(script)
        path = f.name
    best = None
    try:
        for _ in range(NETLAB_RUNS):
            started = time.perf_counter()
            done = subprocess.run([netlab, "run", path], capture_output=True, text=True, check=False)
            elapsed = time.perf_counter() - started
            lines = done.stdout.splitlines()
            failed = [line for line in lines if not json.loads(line)["ok"]]
            if len(lines) != len(steps) or failed:
                sys.exit(f"netlab run: {len(lines)} lines for {len(steps)} steps; failures: {failed[:3]}")
            best = elapsed if best is None else min(best, elapsed)
    finally:
        os.unlink(path)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--netlab", required=True, help="path of the netlab binary (built with --profile native)")
    parser.add_argument("--steps", type=int, default=1000)
    args = parser.parse_args()

    moto_seconds, image_id, steps = run_moto(lambda image: scenario(args.steps, image))
    netlab_seconds = run_netlab(args.netlab, steps)
    print(f"moto_compare: {len(steps)} steps, the same scenario (image {image_id})")
    print(f"moto_compare: moto, in process through boto3: {moto_seconds * 1000:9.1f} ms")
    print(f"moto_compare: netlab run, native, process:    {netlab_seconds * 1000:9.1f} ms (best of {NETLAB_RUNS})")
    print(f"moto_compare: moto / netlab:                  {moto_seconds / netlab_seconds:9.1f}x")


if __name__ == "__main__":
    main()
