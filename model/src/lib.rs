//! netlab-model: a deterministic model of Amazon EC2 network options.
