namespace Tandem.Resources.Agents.Volume;

/// <summary>
/// The volume runtime as the <c>volume::RES</c> agent sees it: make this node Primary or Secondary, and say whether
/// it is a healthy Primary. Refusals (data not UpToDate, peer Primary, device busy) come back as
/// <see cref="AgentOutcome.Failed"/> with the runtime's reason.
/// </summary>
public interface IVolumeRoles
{
    Task<AgentResult> PromoteAsync(string volume, CancellationToken ct);

    Task<AgentResult> DemoteAsync(string volume, CancellationToken ct);

    /// <summary>Ok when Primary with a usable disk, NotRunning when Secondary or down, Failed when the disk failed.</summary>
    Task<AgentResult> CheckAsync(string volume, CancellationToken ct);
}
