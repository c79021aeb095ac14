using Microsoft.Extensions.Logging;
using Tandem.Control.Protocol;

namespace Tandem.Cluster;

/// <summary><c>tandem cluster standby | takeover | maintenance on|off</c>, as control-socket commands.</summary>
public sealed partial class ClusterRuntime
{
    public async Task<ControlResponse> HandleAsync(ControlRequest r, CancellationToken ct)
    {
        var peer = _config.PeerOf(_node);
        var names = string.Join(", ", _groups.Groups.Select(g => g.Name));
        if (_groups.Groups.Count == 0 && r.Command is "cluster.standby" or "cluster.takeover" or "cluster.maintenance.on" or "cluster.maintenance.off")
            return ControlResponse.Done("no groups are configured; nothing to do");
        var response = r.Command switch
        {
            "cluster.standby" => Reply(await _groups.StandbyAsync(), $"standby: handing {names} to {peer}; follow with tandem status"),
            "cluster.takeover" => Reply(await TakeoverAsync(r.Force), $"takeover: bringing {names} to {_node}{(r.Force ? " (forced)" : "")}; follow with tandem status"),
            "cluster.maintenance.on" => await MaintenanceAsync(true),
            "cluster.maintenance.off" => await MaintenanceAsync(false),
            _ => ControlResponse.Fail($"'{r.Command.Replace('.', ' ')}' is not available in this version of tandem"),
        };
        _log.Command(r.Command, response.Ok ? response.Message ?? "done" : "refused: " + response.Error);
        return response;
    }

    /// <summary>A forced takeover also forces the promotion of the groups' volumes whose data is not UpToDate here.</summary>
    async Task<IReadOnlyList<string>> TakeoverAsync(bool force)
    {
        if (force && _volumes is not null)
            foreach (var v in GroupDataReadiness.VolumesOf(_config).Values.SelectMany(v => v).Distinct(StringComparer.Ordinal))
                if (_volumes.StateOf(v) is { Up: true, Disk: not Volume.DiskState.UpToDate })
                    _volumes.ForceNextPromotion(v);
        return await _groups.TakeoverAsync(force);
    }

    async Task<ControlResponse> MaintenanceAsync(bool on)
    {
        var refusals = await _groups.SetMaintenanceAsync(on);
        var told = _peer?.RequestMaintenance(on) ?? false;
        var peer = _config.PeerOf(_node);
        var mode = on ? "on: groups are watched but not started, stopped or moved" : "off: groups are managed again";
        var where = peer is null ? _node
            : told ? $"{_node} and {peer}"
            : $"{_node} only ({peer} is not alive; run this on {peer} too when it is back)";
        return Reply(refusals, $"maintenance mode {mode}, on {where}");
    }

    static ControlResponse Reply(IReadOnlyList<string> refusals, string done) =>
        refusals.Count == 0 ? ControlResponse.Done(done) : ControlResponse.Fail(string.Join("; ", refusals));
}
