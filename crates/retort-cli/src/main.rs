//! The `retort` binary.

use std::io::Write;
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    let code = retort_cli::run(&args, &cwd, &mut stdout, &mut stderr);
    let _ = stdout.flush();
    ExitCode::from(code)
}
