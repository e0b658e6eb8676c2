/// How a command ends when its output has already said why: the shell only needs the status.
enum CommandFailure: Error, Equatable {
    /// Some host failed; the command's table or summary names which and why.
    case hostsFailed
    /// Ctrl-C stopped the run; the interrupt message is already on stderr.
    case interrupted
}
