import Foundation
import GlancePushCLI

@main
enum Entrypoint {
    static func main() {
        exit(GlancePush.exitStatus(for: Array(CommandLine.arguments.dropFirst())))
    }
}
