#!/bin/bash
# Bring your own IPv4 range: provision it, let AWS advertise it, allocate from its pool.
netlab() { :; }
aws ec2 provision-byoip-cidr --cidr 203.0.113.0/24 \
  --cidr-authorization-context Message="1|aws|123456789012|203.0.113.0/24|20250201|SHA256|RSAPSS",Signature="example-signature"
netlab advance-time --hours 168
POOL=$(aws ec2 describe-public-ipv4-pools --query 'PublicIpv4Pools[0].PoolId' --output text)
aws ec2 advertise-byoip-cidr --cidr 203.0.113.0/24
netlab advance-time --hours 1
aws ec2 describe-byoip-cidrs --max-results 10
ALLOC=$(aws ec2 allocate-address --domain vpc --public-ipv4-pool $POOL --query AllocationId --output text)
aws ec2 withdraw-byoip-cidr --cidr 203.0.113.0/24
netlab advance-time --hours 1
# expect: IncorrectState
aws ec2 deprovision-byoip-cidr --cidr 203.0.113.0/24
aws ec2 release-address --allocation-id $ALLOC
aws ec2 deprovision-byoip-cidr --cidr 203.0.113.0/24
netlab advance-time --hours 24
aws ec2 describe-byoip-cidrs --max-results 10
