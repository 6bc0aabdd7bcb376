//! Rules about SQL written by hand in `op.execute()` / `sa.text()`, parsed with
//! `sqlparser`; positions point into the Python string literal when it is a plain one.

pub mod delete_without_where;
pub mod select_star;
pub mod sql_keyword_case;
pub mod sql_syntax_error;
pub mod sql_tab_indentation;
pub mod sql_trailing_whitespace;
pub mod truncate;
pub mod update_without_where;
