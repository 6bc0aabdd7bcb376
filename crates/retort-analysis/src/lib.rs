//! The analysis facade: a workspace of files in, plain serialisable reports out.
