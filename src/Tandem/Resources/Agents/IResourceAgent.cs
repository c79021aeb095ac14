using Tandem.Resources.Specs;

namespace Tandem.Resources.Agents;

/// <summary>
/// Starts, stops and checks one resource. Start on a running resource and stop on a stopped one succeed (as in
/// OCF). The token is cancelled when the action's timeout passes or the daemon shuts down; an agent then kills
/// what it started for the action and returns or throws <see cref="OperationCanceledException"/>.
/// </summary>
public interface IResourceAgent
{
    ResourceSpec Spec { get; }

    /// <summary>Timeouts this agent sets itself (a MySQL server may need longer to start), or null for the group's.</summary>
    ResourceTimeouts? Timeouts => null;

    Task<AgentResult> StartAsync(CancellationToken ct);

    Task<AgentResult> StopAsync(CancellationToken ct);

    Task<AgentResult> MonitorAsync(CancellationToken ct);
}
