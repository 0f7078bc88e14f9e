//! The grading machinery on hand-made items: checks judge the learner's world without
//! changing it, a wrong expectation is caught, and feedback explains and links.

use netlab_course::{
    answer_digest, answer_of, check, expand, grade, start, Check, Choice, Expect, LessonLink,
    Observe, Probe, QuizItem, QuizKind,
};
use netlab_model::runner::Vars;

const FAILOVER: &str = "\
SUBNET=$(aws ec2 describe-subnets --filters Name=default-for-az,Values=true Name=availability-zone,Values=us-east-1a --query 'Subnets[0].SubnetId' --output text)
SG=$(aws ec2 describe-security-groups --filters Name=group-name,Values=default --query 'SecurityGroups[0].GroupId' --output text)
aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0
PRIMARY=$(aws ec2 run-instances --image-id ami-12345678 --instance-type t3.micro --subnet-id $SUBNET --query 'Instances[0].InstanceId' --output text)
STANDBY=$(aws ec2 run-instances --image-id ami-12345678 --instance-type t3.micro --subnet-id $SUBNET --query 'Instances[0].InstanceId' --output text)
ENI=$(aws ec2 create-network-interface --subnet-id $SUBNET --query NetworkInterface.NetworkInterfaceId --output text)
ATTACHMENT=$(aws ec2 attach-network-interface --network-interface-id $ENI --instance-id $PRIMARY --device-index 1 --query AttachmentId --output text)
ALLOC=$(aws ec2 allocate-address --query AllocationId --output text)
SERVICE_IP=$(aws ec2 describe-addresses --allocation-ids $ALLOC --query 'Addresses[0].PublicIp' --output text)
aws ec2 associate-address --allocation-id $ALLOC --network-interface-id $ENI
netlab fail-instance --instance-id $PRIMARY
";

fn link() -> LessonLink {
    LessonLink {
        lesson: "eni-move".into(),
        step: "failover".into(),
    }
}

fn served_by_standby() -> Check {
    Check {
        probes: vec![
            Probe {
                run: "netlab send-traffic --to $SERVICE_IP".into(),
                path: Some("Delivered".into()),
                expect: Expect::Equals("True".into()),
                says: "The service answers".into(),
            },
            Probe {
                run: "netlab send-traffic --to $SERVICE_IP".into(),
                path: Some("InstanceId".into()),
                expect: Expect::Equals("$STANDBY".into()),
                says: "from the standby".into(),
            },
        ],
    }
}

#[test]
fn a_check_fails_on_the_scenario_and_passes_after_the_failover() {
    let mut session = start(FAILOVER, 3).unwrap();
    let before = check(&served_by_standby(), &session);
    assert!(!before.passed);
    assert_eq!(before.probes, 2);
    assert_eq!(before.failures.len(), 2);
    assert!(before.failures[0].starts_with("The service answers"));
    session
        .run("aws ec2 detach-network-interface --attachment-id $ATTACHMENT\naws ec2 attach-network-interface --network-interface-id $ENI --instance-id $STANDBY --device-index 1")
        .unwrap();
    let after = check(&served_by_standby(), &session);
    assert!(after.passed, "{:?}", after.failures);
    assert_eq!(after.probes_passed, 2);
}

#[test]
fn a_check_never_changes_the_learners_world() {
    let session = start(FAILOVER, 0).unwrap();
    let steps = session.entries().len();
    let script = session.script();
    let stopping = Check {
        probes: vec![Probe {
            run: "aws ec2 stop-instances --instance-ids $STANDBY\nX=$(aws ec2 describe-vpcs --query 'Vpcs[0].VpcId' --output text)".into(),
            path: None,
            expect: Expect::NotEquals("".into()),
            says: "probes may change their clone".into(),
        }],
    };
    check(&stopping, &session);
    assert_eq!(session.entries().len(), steps);
    assert_eq!(session.script(), script);
    assert!(!session.vars().contains_key("X"));
    assert!(check(&served_by_standby(), &session).failures.len() == 2);
}

#[test]
fn an_error_code_expectation_needs_that_very_code() {
    let session = start(FAILOVER, 0).unwrap();
    let probe = |code: &str| Check {
        probes: vec![Probe {
            run: "aws ec2 allocate-address --address $SERVICE_IP".into(),
            path: None,
            expect: Expect::IsErrorCode(code.into()),
            says: "recovering an address in use is refused".into(),
        }],
    };
    assert!(!check(&probe("AddressLimitExceeded"), &session).passed);
    let accepted = check(
        &Check {
            probes: vec![Probe {
                run: "aws ec2 describe-vpcs".into(),
                path: None,
                expect: Expect::IsErrorCode("OperationNotPermitted".into()),
                says: "refused".into(),
            }],
        },
        &session,
    );
    assert!(accepted.failures[0].contains("accepts"));
}

fn predict(choices: Vec<Choice>) -> QuizItem {
    QuizItem {
        id: "hand-made".into(),
        claims: vec!["C10".into()],
        kind: QuizKind::Predict {
            script: format!("{FAILOVER}netlab send-traffic --to $SERVICE_IP"),
            question: "Which instance receives the request?".into(),
            observe: Observe::Path("InstanceId".into()),
            choices,
        },
        explanation: "The address stays on the failed instance's interface.".into(),
        lesson: link(),
    }
}

#[test]
fn a_predict_answer_comes_from_the_model_not_from_the_author() {
    let item = predict(vec![
        Choice {
            label: "The primary".into(),
            value: "$PRIMARY".into(),
        },
        Choice {
            label: "The standby".into(),
            value: "$STANDBY".into(),
        },
    ]);
    // An author who believed the standby takes over by itself would be told otherwise.
    assert_eq!(answer_of(&item), "The primary");
    let wrong = grade(&item, "1", None);
    assert!(!wrong.success);
    assert_eq!(wrong.score_scaled, 0.0);
    assert!(wrong.feedback.contains("The address stays"));
    assert!(wrong.feedback.contains("Moving an interface, and failover"));
    assert_eq!(wrong.answer.as_deref(), Some("The primary"));
    assert!(grade(&item, "The primary", None).success);
}

#[test]
fn a_free_answer_is_compared_ignoring_case() {
    let item = QuizItem {
        id: "free".into(),
        claims: vec!["C4".into()],
        kind: QuizKind::Predict {
            script: "I=$(aws ec2 run-instances --image-id ami-12345678 --query 'Instances[0].InstanceId' --output text)\nA=$(aws ec2 describe-instances --instance-ids $I --query 'Reservations[0].Instances[0].NetworkInterfaces[0].Attachment.AttachmentId' --output text)\naws ec2 detach-network-interface --attachment-id $A".into(),
            question: "Error code?".into(),
            observe: Observe::ErrorCode,
            choices: vec![],
        },
        explanation: "eth0 stays.".into(),
        lesson: link(),
    };
    assert_eq!(answer_of(&item), "OperationNotPermitted");
    assert!(grade(&item, " operationnotpermitted ", None).success);
    assert!(!grade(&item, "ok", None).success);
}

#[test]
fn a_multiple_choice_key_is_a_digest_of_the_right_label() {
    let item = QuizItem {
        id: "mc".into(),
        claims: vec!["C5".into()],
        kind: QuizKind::MultipleChoice {
            question: "What limits the ENIs of an instance?".into(),
            choices: vec!["Its instance type".into(), "Its subnet".into()],
            answer_digest: answer_digest("mc", "Its instance type"),
        },
        explanation: "Each type has a maximum.".into(),
        lesson: link(),
    };
    assert!(grade(&item, "0", None).success);
    assert!(grade(&item, "its instance type", None).success);
    assert!(!grade(&item, "1", None).success);
    assert_ne!(
        answer_digest("mc", "Its subnet"),
        answer_digest("mc", "Its instance type")
    );
    assert_ne!(
        answer_digest("other", "Its instance type"),
        answer_digest("mc", "Its instance type")
    );
}

#[test]
fn a_lab_item_needs_the_learners_session() {
    let item = QuizItem {
        id: "lab".into(),
        claims: vec!["C10".into()],
        kind: QuizKind::LabTask {
            setup: FAILOVER.into(),
            prompt: "Fail over.".into(),
            hint: "Move the interface.".into(),
            check: served_by_standby(),
        },
        explanation: "Traffic follows the interface.".into(),
        lesson: link(),
    };
    assert!(!grade(&item, "", None).success);
    let session = start(FAILOVER, 0).unwrap();
    let g = grade(&item, "", Some(&session));
    assert!(!g.success);
    assert!(g.feedback.contains("Hint: Move the interface."));
}

#[test]
fn expand_replaces_variables_as_bash_does() {
    let mut vars = Vars::new();
    vars.insert("A".into(), "i-1".into());
    assert_eq!(expand("$A and ${A}x, $B.", &vars), "i-1 and i-1x, .");
    assert_eq!(expand("cost $ 5", &vars), "cost $ 5");
}
