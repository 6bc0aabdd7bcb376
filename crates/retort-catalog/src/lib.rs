//! The logical schema catalog at each revision, updated by applying IR ops.
