//! Leftovers and habits that make migrations fragile.

pub mod app_import_in_migration;
pub mod autogenerate_leftover_comments;
pub mod orm_model_in_migration;
pub mod prefer_op_over_raw_ddl;
pub mod print_call;
pub mod unused_import;
