//! The `lfc` binary: a thin wrapper around [`lfc::cli::run`].

fn main() -> std::process::ExitCode {
    lfc::cli::run()
}
