using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary><c>[cluster]</c> and the relations between its timers.</summary>
sealed partial class ConfigBuilder
{
    ClusterOptions ReadCluster(TableReader root)
    {
        var table = root.SubTable("cluster", "a table: [cluster]");
        if (table is null)
        {
            if (!root.Table.TryGet("cluster", out _))
                diag.Error("cluster", "missing [cluster] section; add [cluster] with at least name = \"...\"");
            return new ClusterOptions { Name = "" };
        }
        var r = root.Child(table, "cluster");
        var name = r.RequiredString("name", "add name = \"db\" (any name that identifies this cluster)");
        var authKeyFile = r.AbsolutePath("auth_key_file", Defaults.AuthKeyFile);
        var errorsBefore = diag.ErrorCount;
        var options = new ClusterOptions
        {
            Name = name,
            AuthKeyFile = authKeyFile,
            Keepalive = r.Duration("keepalive", Defaults.Keepalive),
            Warntime = r.Duration("warntime", Defaults.Warntime),
            Deadtime = r.Duration("deadtime", Defaults.Deadtime),
            Initdead = r.Duration("initdead", Defaults.Initdead),
        };
        if (diag.ErrorCount == errorsBefore)
            CheckTimers(r, options);
        options = options with
        {
            AutoFailback = r.Bool("auto_failback", Defaults.AutoFailback),
            HeartbeatMode = r.Choice("heartbeat_mode", Defaults.HeartbeatMode, HeartbeatModeNames.All),
            MulticastGroup = MulticastGroup(r),
        };
        r.RejectUnknown();
        return options;
    }

    /// <summary><c>multicast_group</c>: an IPv4 (224.0.0.0/4) or IPv6 (ff00::/8) multicast address.</summary>
    static string MulticastGroup(TableReader r)
    {
        var value = r.Get<TomlString>("multicast_group", "a string such as \"239.192.6.94\"");
        if (value is null)
            return Defaults.MulticastGroup;
        if (!System.Net.IPAddress.TryParse(value.Value, out var ip) || !IsMulticast(ip))
            r.Error(value, "multicast_group", $"\"{value.Value}\" is not a multicast address; use one from 239.192.0.0/14 such as \"{Defaults.MulticastGroup}\"");
        return value.Value;
    }

    static bool IsMulticast(System.Net.IPAddress ip) =>
        ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? ip.IsIPv6Multicast
        : (ip.GetAddressBytes()[0] & 0xF0) == 0xE0;

    /// <summary>Heartbeat's rules of thumb (ha.cf): keepalive &lt; warntime &lt; deadtime, deadtime ≥ 2 × keepalive, initdead ≥ 2 × deadtime.</summary>
    void CheckTimers(TableReader r, ClusterOptions o)
    {
        var at = (string key) => diag.PositionOf(r.KeyPath(key), r.Position);
        string F(TimeSpan t) => Duration.Format(t);
        if (o.Keepalive >= o.Deadtime)
            diag.Error(at("keepalive"), r.KeyPath("keepalive"),
                $"keepalive ({F(o.Keepalive)}) must be shorter than deadtime ({F(o.Deadtime)}), or the peer is declared dead between two heartbeats; make deadtime at least 2 × keepalive");
        else if (o.Deadtime < 2 * o.Keepalive)
            diag.Warning(at("deadtime"), r.KeyPath("deadtime"),
                $"deadtime ({F(o.Deadtime)}) is less than 2 × keepalive ({F(o.Keepalive)}); one lost heartbeat declares the peer dead");
        if (o.Warntime >= o.Deadtime)
            diag.Warning(at("warntime"), r.KeyPath("warntime"),
                $"warntime ({F(o.Warntime)}) is not shorter than deadtime ({F(o.Deadtime)}), so no late heartbeat is ever warned about; set it between keepalive and deadtime");
        else if (o.Warntime <= o.Keepalive)
            diag.Warning(at("warntime"), r.KeyPath("warntime"),
                $"warntime ({F(o.Warntime)}) is not longer than keepalive ({F(o.Keepalive)}), so every heartbeat would be late; set it between keepalive and deadtime");
        if (o.Initdead < 2 * o.Deadtime)
            diag.Warning(at("initdead"), r.KeyPath("initdead"),
                $"initdead ({F(o.Initdead)}) is less than 2 × deadtime ({F(o.Deadtime)}); at boot the network may come up too slowly and the peer be declared dead");
    }
}
