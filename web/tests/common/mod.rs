//! Helpers of the worker tests.
#![allow(dead_code)]

use retort_web::protocol::{ConsoleResult, Stream};

/// What a console result printed on `stream`, one line each.
pub fn printed(result: &ConsoleResult, stream: Stream) -> String {
    result
        .lines
        .iter()
        .filter(|l| l.stream == stream)
        .map(|l| format!("{}\n", l.text))
        .collect()
}
