//! The benchmark stack of reference/peers.md, shared by the benches.
// Each bench compiles this module on its own and uses part of it.
#![allow(dead_code)]

/// The benchmark stack with `n` functions.
pub fn stack(n: usize) -> String {
    stack_with(n, |_| 512)
}

/// The benchmark stack with `n` functions, function `i` given `memory(i)` MB.
pub fn stack_with(n: usize, memory: impl Fn(usize) -> u32) -> String {
    let mut s = String::from(
        "stack bench {\n  defaults { runtime = python3.13, architecture = arm64 }\n}\n\
         layer shared { code = s3 { bucket = \"artifacts\", key = \"layer.zip\" }, runtimes = [python3.13] }\n\
         queue failed {}\n",
    );
    for i in 0..n {
        let trigger = match i % 7 {
            0 => {
                s.push_str(&format!("bucket b{i} {{}}\n"));
                format!("on s3 b{i} {{ suffix = \".jpg\" }}")
            }
            1 => format!("on http \"GET /items/{i}\""),
            2 => "on schedule \"rate(5 minutes)\"".to_string(),
            3 => {
                s.push_str(&format!("queue q{i} {{}}\n"));
                format!("on sqs q{i}")
            }
            4 => {
                s.push_str(&format!("topic t{i} {{}}\n"));
                format!("on sns t{i}")
            }
            5 => {
                s.push_str(&format!(
                    "table d{i} {{ key = {{ id = string }}, stream = new_image }}\n"
                ));
                format!("on dynamodb d{i}")
            }
            _ => format!("on event {{ source = [\"app.{i}\"] }}"),
        };
        s.push_str(&format!(
            "# function {i}\nfunction f{i} {{\n  handler = \"index.handler\"\n  code = s3 {{ bucket = \"artifacts\", key = \"f{i}.zip\" }}\n  \
             memory = {memory}MB\n  timeout = 10s\n  layers = [shared]\n  {failure}\
             env {{ TABLE = \"orders-{i}\", STAGE = \"prod\", LEVEL = \"info\" }}\n  {trigger}\n}}\n",
            // Asynchronous sources get a dead-letter queue; the others must not (LF0408).
            memory = memory(i),
            failure = if [0, 2, 4, 6].contains(&(i % 7)) { "dead_letter = failed\n  " } else { "" },
        ));
    }
    s
}
