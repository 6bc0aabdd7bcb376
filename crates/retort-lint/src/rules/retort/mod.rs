//! Rules about the lint itself: suppression comments, unreadable files, failing ops.

pub mod invalid_python;
pub mod invalid_suppression;
pub mod op_fails_on_schema;
pub mod opaque_step;
pub mod project_problem;
pub mod unused_suppression;
