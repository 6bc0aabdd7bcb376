//! The `retort` binary.

use std::io::Write;
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let cwd = std::env::current_dir().unwrap_or_else(|_| ".".into());
    // Not locked for the run: each write takes the lock for itself. A lock held here
    // would make any other thread that prints (a worker's panic message, an `eprintln!`)
    // wait for the end of the run, while the run waits for that thread: a deadlock.
    // `retort lint` buffers its output itself.
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let code = retort_cli::run(&args, &cwd, &mut stdout, &mut stderr);
    let _ = stdout.flush();
    ExitCode::from(code)
}
