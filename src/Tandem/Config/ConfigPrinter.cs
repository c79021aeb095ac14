using System.Text;
using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary>
/// The effective config as TOML, every default written out, for <c>tandem config check</c>. Warnings come first
/// as comments. Parsing the output gives back an equal config.
/// </summary>
public static partial class ConfigPrinter
{
    public static string Print(TandemConfig config)
    {
        var w = new StringBuilder();
        if (config.SourcePath.Length > 0)
            Comment(w, $"Effective configuration of {config.SourcePath}, defaults filled in.");
        foreach (var warning in config.Warnings)
            Comment(w, warning.ToString());
        if (w.Length > 0)
            w.Append('\n');
        Cluster(w, config.Cluster);
        foreach (var node in config.Nodes.Values)
            Node(w, node);
        foreach (var volume in config.Volumes.Values)
            Volume(w, volume);
        foreach (var group in config.Groups)
            Group(w, group);
        Notify(w, config.Notify);
        return w.ToString();
    }

    static void Cluster(StringBuilder w, ClusterOptions c)
    {
        w.Append("[cluster]\n");
        Set(w, "name", c.Name);
        Set(w, "auth_key_file", c.AuthKeyFile);
        Set(w, "keepalive", Duration.Format(c.Keepalive));
        Set(w, "warntime", Duration.Format(c.Warntime));
        Set(w, "deadtime", Duration.Format(c.Deadtime));
        Set(w, "initdead", Duration.Format(c.Initdead));
        w.Append($"auto_failback = {(c.AutoFailback ? "true" : "false")}\n");
        Set(w, "heartbeat_mode", ConfigNames.Of(HeartbeatModeNames.All, c.HeartbeatMode));
        if (c.HeartbeatMode == HeartbeatMode.Multicast)
            Set(w, "multicast_group", c.MulticastGroup);
    }

    static void Node(StringBuilder w, NodeOptions n)
    {
        w.Append($"\n[nodes.{TomlFormat.KeyPart(n.Name)}]\n");
        w.Append($"heartbeat = [{string.Join(", ", n.Heartbeat.Select(TomlFormat.String))}]\n");
        Set(w, "control_socket", n.ControlSocket);
    }

    static void Volume(StringBuilder w, VolumeOptions v)
    {
        var name = TomlFormat.KeyPart(v.Name);
        w.Append($"\n[volumes.{name}]\n");
        Set(w, "protocol", ConfigNames.Of(ConfigNames.Protocols, v.Protocol));
        Set(w, "size", v.Size is { } size ? ByteSize.Format(size) : "auto");
        Set(w, "resync_rate", v.ResyncRate is { } rate ? ByteSize.Format(rate) : "unlimited");
        w.Append($"checksum_resync = {(v.ChecksumResync ? "true" : "false")}\n");
        Set(w, "tcp_congestion", v.TcpCongestion ?? ConfigNames.SystemCongestion);
        Set(w, "on_io_error", ConfigNames.Of(ConfigNames.OnIoErrors, v.OnIoError));
        Set(w, "after_sb_0pri", ConfigNames.Of(ConfigNames.AfterSb0, v.AfterSb0Pri));
        Set(w, "after_sb_1pri", ConfigNames.Of(ConfigNames.AfterSb1, v.AfterSb1Pri));
        Set(w, "after_sb_2pri", ConfigNames.Of(ConfigNames.AfterSb2, v.AfterSb2Pri));
        Set(w, "fencing", ConfigNames.Of(ConfigNames.Fencings, v.Fencing));
        foreach (var on in v.On.Values)
        {
            w.Append($"\n[volumes.{name}.on.{TomlFormat.KeyPart(on.Node)}]\n");
            Set(w, "disk", on.Disk);
            Set(w, "meta_disk", on.MetaDisk);
            Set(w, "address", on.Address);
            Set(w, "nbd_socket", on.NbdSocket);
            if (on.TlsCertificate is { } cert)
                Set(w, "tls_certificate", cert);
            if (on.TlsKey is { } key)
                Set(w, "tls_key", key);
        }
    }

    static void Group(StringBuilder w, GroupOptions g)
    {
        w.Append("\n[[groups]]\n");
        Set(w, "name", g.Name);
        if (g.Preferred is not null)
            Set(w, "preferred", g.Preferred);
        if (g.Resources.Count == 0)
            w.Append("resources = []\n");
        else
        {
            w.Append("resources = [\n");
            foreach (var r in g.Resources)
                w.Append($"  {TomlFormat.String(r)},\n");
            w.Append("]\n");
        }
        GroupPolicy(w, g);
    }

    static void GroupPolicy(StringBuilder w, GroupOptions g)
    {
        Set(w, "monitor_interval", Duration.Format(g.MonitorInterval));
        Set(w, "monitor_timeout", Duration.Format(g.MonitorTimeout));
        Set(w, "start_timeout", Duration.Format(g.StartTimeout));
        Set(w, "stop_timeout", Duration.Format(g.StopTimeout));
        w.Append($"max_restarts = {g.MaxRestarts}\n");
        Set(w, "restart_window", Duration.Format(g.RestartWindow));
        w.Append($"stop_retries = {g.StopRetries}\n");
        foreach (var m in g.Monitors)
        {
            w.Append("\n[[groups.monitor]]\n");
            Set(w, "resource", m.Resource);
            if (m.Interval is { } interval)
                Set(w, "interval", Duration.Format(interval));
            if (m.Timeout is { } timeout)
                Set(w, "timeout", Duration.Format(timeout));
        }
    }

    static void Set(StringBuilder w, string key, string value) =>
        w.Append(key).Append(" = ").Append(TomlFormat.String(value)).Append('\n');

    static void Comment(StringBuilder w, string text) =>
        w.Append("# ").Append(string.Concat(text.Select(c => char.IsControl(c) ? '?' : c))).Append('\n');
}
