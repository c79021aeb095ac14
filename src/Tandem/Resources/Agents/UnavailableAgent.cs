using Tandem.Resources.Specs;

namespace Tandem.Resources.Agents;

/// <summary>
/// Stands in for an agent this daemon cannot provide (e.g. volumes not wired): starting fails with the reason,
/// stopping succeeds (nothing can have been started), the monitor reports not running.
/// </summary>
public sealed class UnavailableAgent(ResourceSpec spec, string reason) : IResourceAgent
{
    public ResourceSpec Spec => spec;

    public Task<AgentResult> StartAsync(CancellationToken ct) => Task.FromResult(AgentResult.Failed(reason));

    public Task<AgentResult> StopAsync(CancellationToken ct) => Task.FromResult(AgentResult.Ok);

    public Task<AgentResult> MonitorAsync(CancellationToken ct) => Task.FromResult(AgentResult.NotRunning(reason));
}
