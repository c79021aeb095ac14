namespace Tandem.Resources.Processes;

/// <summary>
/// Runs the programs of the agents (ip, mount, scripts, OCF agents, systemctl). Cancelling the token kills the
/// program. Tests give a runner that prefixes every command, e.g. with <c>ip netns exec NS</c>.
/// </summary>
public interface IProcessRunner
{
    Task<ProcessResult> RunAsync(ProcessCommand command, CancellationToken ct);
}
