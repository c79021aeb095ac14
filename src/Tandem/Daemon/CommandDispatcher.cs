using Tandem.Control.Protocol;
using Tandem.Volume;

namespace Tandem.Daemon;

/// <summary>
/// Maps control-socket commands onto the node's volumes. One command at a time per node; <c>cluster.*</c> commands
/// go to <paramref name="cluster"/> (they only queue work for the groups).
/// </summary>
public sealed class CommandDispatcher(IReadOnlyDictionary<string, VolumeRuntime> volumes, Func<NodeStatus> nodeStatus,
    Func<ControlRequest, CancellationToken, Task<ControlResponse>>? cluster = null)
{
    readonly SemaphoreSlim _one = new(1, 1);

    public Task<ControlResponse> HandleAsync(ControlRequest r, CancellationToken ct) =>
        cluster is not null && r.Command.StartsWith("cluster.", StringComparison.Ordinal)
            ? cluster(r, ct)
            : ExclusiveAsync(c => Dispatch(r, c), ct);

    /// <summary>Runs <paramref name="work"/> alone, like one control command (the groups' promote and demote use this).</summary>
    public async Task<T> ExclusiveAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try { return await work(ct); }
        finally { _one.Release(); }
    }

    async Task<ControlResponse> Dispatch(ControlRequest r, CancellationToken ct)
    {
        switch (r.Command)
        {
            case "status":
                return ControlResponse.With(nodeStatus());
            case "volume.status":
                if (r.Volume is null)
                    return ControlResponse.With(volumes.Values.Select(v => v.Status()).ToList());
                return Find(r.Volume, out var one) is { } e ? e : ControlResponse.With(new[] { one!.Status() });
        }
        if (!r.Command.StartsWith("volume.", StringComparison.Ordinal) || r.Volume is null)
            return ControlResponse.Fail($"'{r.Command}' is not available in this version of tandem");
        if (Find(r.Volume, out var v) is { } error)
            return error;
        var result = r.Command switch
        {
            "volume.up" => await v!.UpAsync(ct),
            "volume.down" => await v!.DownAsync(ct),
            "volume.primary" => await v!.PromoteAsync(r.Force, ct),
            "volume.secondary" => await v!.DemoteAsync(ct),
            "volume.connect" => v!.Connect(r.DiscardMyData),
            "volume.disconnect" => v!.Disconnect(),
            "volume.verify" => v!.Verify(),
            "volume.invalidate" => v!.Invalidate(),
            _ => CommandResult.Fail($"'{r.Command.Replace('.', ' ')}' is not available in this version of tandem"),
        };
        return result.Ok ? ControlResponse.Done(result.Message) : ControlResponse.Fail(result.Message);
    }

    ControlResponse? Find(string name, out VolumeRuntime? volume) =>
        volumes.TryGetValue(name, out volume) ? null
        : ControlResponse.Fail($"volume '{name}' is not configured on this node (configured here: {string.Join(", ", volumes.Keys)})");
}
