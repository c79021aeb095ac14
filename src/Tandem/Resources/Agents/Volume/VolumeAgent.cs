using Tandem.Resources.Specs;

namespace Tandem.Resources.Agents.Volume;

/// <summary><c>volume::RES</c>: promote on start, demote on stop (Heartbeat's drbddisk).</summary>
public sealed class VolumeAgent(VolumeSpec spec, IVolumeRoles roles) : IResourceAgent
{
    public ResourceSpec Spec => spec;

    public Task<AgentResult> StartAsync(CancellationToken ct) => roles.PromoteAsync(spec.Volume, ct);

    public Task<AgentResult> StopAsync(CancellationToken ct) => roles.DemoteAsync(spec.Volume, ct);

    public Task<AgentResult> MonitorAsync(CancellationToken ct) => roles.CheckAsync(spec.Volume, ct);
}
