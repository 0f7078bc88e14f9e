#!/bin/bash
# Five Elastic IPs per Region, and what holding public IPv4 addresses costs.
netlab() { :; }
aws ec2 allocate-address --domain vpc
aws ec2 allocate-address --domain vpc
aws ec2 allocate-address --domain vpc
aws ec2 allocate-address --domain vpc
LAST=$(aws ec2 allocate-address --domain vpc --query AllocationId --output text)
# expect: AddressLimitExceeded
aws ec2 allocate-address --domain vpc
# Another Region has its own quota.
aws ec2 allocate-address --domain vpc --region us-west-2
aws ec2 release-address --allocation-id $LAST
netlab advance-time --hours 24
netlab cost-report
