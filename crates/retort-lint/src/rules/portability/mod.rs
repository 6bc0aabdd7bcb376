//! portability rules.

pub mod mysql_alter_without_existing_type;
pub mod mysql_varchar_without_length;
pub mod naming_convention_mismatch;
pub mod sqlite_alter_outside_batch;
pub mod unnamed_constraint;
