//! Projects built into the playground: real Alembic projects (`alembic init`
//! templates, revision files as `alembic revision` writes them).

use crate::protocol::{Settings, Workspace, WorkspaceFile};

/// One built-in project.
pub struct Example {
    /// Stable name (`data-name` of its button).
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// The dialect its `sqlalchemy.url` names.
    pub dialect: &'static str,
    /// The file opened first.
    pub open: &'static str,
    pub files: &'static [(&'static str, &'static str)],
}

impl Example {
    pub fn workspace(&self) -> Workspace {
        Workspace {
            files: self
                .files
                .iter()
                .map(|(path, text)| WorkspaceFile::new(*path, *text))
                .collect(),
            settings: Settings {
                dialect: self.dialect.to_owned(),
                ..Settings::default()
            },
        }
    }
}

/// Every built-in project; the first is what a new visitor sees.
pub const EXAMPLES: &[Example] = &[
    Example {
        name: "linear",
        title: "Linear history",
        description: "A clean, linear history: three revisions, models beside them.",
        dialect: "postgresql",
        open: "migrations/versions/1a2b3c4d5e6f_create_account.py",
        files: &[
            ("alembic.ini", include_str!("../examples/linear/alembic.ini")),
            ("app/__init__.py", include_str!("../examples/linear/app/__init__.py")),
            ("app/models.py", include_str!("../examples/linear/app/models.py")),
            ("migrations/README", include_str!("../examples/linear/migrations/README")),
            ("migrations/env.py", include_str!("../examples/linear/migrations/env.py")),
            ("migrations/script.py.mako", include_str!("../examples/linear/migrations/script.py.mako")),
            ("migrations/versions/1a2b3c4d5e6f_create_account.py", include_str!("../examples/linear/migrations/versions/1a2b3c4d5e6f_create_account.py")),
            ("migrations/versions/2b3c4d5e6f70_create_order.py", include_str!("../examples/linear/migrations/versions/2b3c4d5e6f70_create_order.py")),
            ("migrations/versions/3c4d5e6f7081_add_account_display_name.py", include_str!("../examples/linear/migrations/versions/3c4d5e6f7081_add_account_display_name.py")),
        ],
    },
    Example {
        name: "branches",
        title: "Branches and a merge",
        description: "Two branches merged, then two new heads.",
        dialect: "sqlite",
        open: "migrations/versions/f6a1b2c3d4e5_add_team_slug.py",
        files: &[
            ("alembic.ini", include_str!("../examples/branches/alembic.ini")),
            ("migrations/README", include_str!("../examples/branches/migrations/README")),
            ("migrations/env.py", include_str!("../examples/branches/migrations/env.py")),
            ("migrations/script.py.mako", include_str!("../examples/branches/migrations/script.py.mako")),
            ("migrations/versions/a1b2c3d4e5f6_create_user.py", include_str!("../examples/branches/migrations/versions/a1b2c3d4e5f6_create_user.py")),
            ("migrations/versions/b2c3d4e5f6a1_add_user_name.py", include_str!("../examples/branches/migrations/versions/b2c3d4e5f6a1_add_user_name.py")),
            ("migrations/versions/c3d4e5f6a1b2_create_team.py", include_str!("../examples/branches/migrations/versions/c3d4e5f6a1b2_create_team.py")),
            ("migrations/versions/d4e5f6a1b2c3_merge_name_and_team.py", include_str!("../examples/branches/migrations/versions/d4e5f6a1b2c3_merge_name_and_team.py")),
            ("migrations/versions/e5f6a1b2c3d4_create_membership.py", include_str!("../examples/branches/migrations/versions/e5f6a1b2c3d4_create_membership.py")),
            ("migrations/versions/f6a1b2c3d4e5_add_team_slug.py", include_str!("../examples/branches/migrations/versions/f6a1b2c3d4e5_add_team_slug.py")),
        ],
    },
    Example {
        name: "broken_downgrade",
        title: "Broken downgrade",
        description: "A downgrade that drops what the upgrade never created, and one that does nothing.",
        dialect: "postgresql",
        open: "migrations/versions/1b2c3d4e5f60_add_post_status.py",
        files: &[
            ("alembic.ini", include_str!("../examples/broken_downgrade/alembic.ini")),
            ("migrations/README", include_str!("../examples/broken_downgrade/migrations/README")),
            ("migrations/env.py", include_str!("../examples/broken_downgrade/migrations/env.py")),
            ("migrations/script.py.mako", include_str!("../examples/broken_downgrade/migrations/script.py.mako")),
            ("migrations/versions/0a1b2c3d4e5f_create_post.py", include_str!("../examples/broken_downgrade/migrations/versions/0a1b2c3d4e5f_create_post.py")),
            ("migrations/versions/1b2c3d4e5f60_add_post_status.py", include_str!("../examples/broken_downgrade/migrations/versions/1b2c3d4e5f60_add_post_status.py")),
            ("migrations/versions/2c3d4e5f6071_create_tag.py", include_str!("../examples/broken_downgrade/migrations/versions/2c3d4e5f6071_create_tag.py")),
        ],
    },
    Example {
        name: "lint_problems",
        title: "Lint problems",
        description: "A revision that trips safety, SQL and hygiene rules.",
        dialect: "postgresql",
        open: "migrations/versions/8e7d6c5b4a3f_customer_tier.py",
        files: &[
            ("alembic.ini", include_str!("../examples/lint_problems/alembic.ini")),
            ("migrations/README", include_str!("../examples/lint_problems/migrations/README")),
            ("migrations/env.py", include_str!("../examples/lint_problems/migrations/env.py")),
            ("migrations/script.py.mako", include_str!("../examples/lint_problems/migrations/script.py.mako")),
            ("migrations/versions/8e7d6c5b4a3f_customer_tier.py", include_str!("../examples/lint_problems/migrations/versions/8e7d6c5b4a3f_customer_tier.py")),
            ("migrations/versions/9f8e7d6c5b4a_create_customer.py", include_str!("../examples/lint_problems/migrations/versions/9f8e7d6c5b4a_create_customer.py")),
        ],
    },
];

/// The example called `name`.
pub fn by_name(name: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.name == name)
}
