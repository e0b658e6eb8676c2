/// Seconds a command on a node may take, by what it does. A command past its limit fails its
/// host with a timeout naming the command's step.
enum NodeTimeout {
    /// Taking or releasing the lock (the guard waits 10 s itself), and the gather that follows it.
    static let lockAndGather: Double = 120
    /// Release records, write preparation, pruning, the pending marker, rollback bookkeeping.
    static let bookkeeping: Double = 60
    /// apt-get install/remove, which waits up to 600 s for the dpkg lock and then downloads.
    static let packages: Double = 1800
    /// A one-shot (db_sync, Keystone records) and a pre/post_restart hook.
    static let oneShot: Double = 600
    /// `service NAME start|stop|restart`.
    static let service: Double = 300
    /// Enabling a service, and a deploy's validation command.
    static let serviceCheck: Double = 120
    /// What one health round may take beyond its own polling time.
    static let healthRoundSlack: Double = 30
    /// Each of sudo's checks at connect (`SudoHost.open`; a wrong password costs sudo's delay).
    static let becomeCheck: Double = 30
    /// `hostname` for `ping`.
    static let ping: Double = 30
}
