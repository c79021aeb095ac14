using System.Text;
using Tandem.Config.Toml;

namespace Tandem.Config.Import;

/// <summary>
/// Writes an <see cref="ImportDraft"/> as Tandem TOML. Every value carries a comment saying where it came from;
/// keys the classic files did not set are left out, so Tandem's defaults apply (see <c>tandem config check</c>).
/// </summary>
public static class ImportPrinter
{
    public static string Print(ImportDraft d, IReadOnlyList<string> files)
    {
        var w = new StringBuilder();
        Comment(w, $"Imported by 'tandem config import' from {string.Join(", ", files)}.");
        Comment(w, "Review it, then run: tandem config check --config THIS_FILE");
        Comment(w, "");
        foreach (var line in d.Header)
            Comment(w, line);
        w.Append("\n[cluster]\n");
        Set(w, "name", TomlFormat.String(d.ClusterName.Value), d.ClusterName.Note);
        Set(w, "auth_key_file", TomlFormat.String(Defaults.AuthKeyFile), "holds the key; see above");
        Time(w, "keepalive", d.Keepalive);
        Time(w, "warntime", d.Warntime);
        Time(w, "deadtime", d.Deadtime);
        Time(w, "initdead", d.Initdead);
        if (d.AutoFailback is { } af)
            Set(w, "auto_failback", af.Value ? "true" : "false", af.Note);
        Str(w, "heartbeat_mode", d.HeartbeatMode);
        Str(w, "multicast_group", d.MulticastGroup);
        foreach (var node in d.Nodes.Values)
        {
            w.Append($"\n[nodes.{TomlFormat.KeyPart(node.Name)}]\n");
            List(w, "heartbeat", node.Heartbeat);
        }
        foreach (var v in d.Volumes)
            Volume(w, v);
        if (d.EmailTo.Count > 0)
        {
            w.Append("\n[notify]\n");
            List(w, "email_to", d.EmailTo);
        }
        foreach (var g in d.Groups)
        {
            w.Append("\n[[groups]]\n");
            Set(w, "name", TomlFormat.String(g.Name), null);
            Set(w, "preferred", TomlFormat.String(g.Preferred.Value), g.Preferred.Note);
            List(w, "resources", g.Resources);
        }
        return w.ToString();
    }

    static void Volume(StringBuilder w, DraftVolume v)
    {
        var name = TomlFormat.KeyPart(v.Name);
        w.Append($"\n[volumes.{name}]\n");
        Str(w, "protocol", v.Protocol);
        if (v.Size is { } size)
            Set(w, "size", TomlFormat.String(ByteSize.Format(size.Value)), size.Note);
        if (v.ResyncRate is { } rate)
            Set(w, "resync_rate", TomlFormat.String(ByteSize.Format(rate.Value)), rate.Note);
        Str(w, "on_io_error", v.OnIoError);
        Str(w, "after_sb_0pri", v.AfterSb0Pri);
        Str(w, "after_sb_1pri", v.AfterSb1Pri);
        Str(w, "after_sb_2pri", v.AfterSb2Pri);
        Str(w, "fencing", v.Fencing);
        foreach (var on in v.On)
        {
            w.Append($"\n[volumes.{name}.on.{TomlFormat.KeyPart(on.Node)}]\n");
            Str(w, "disk", on.Disk);
            Str(w, "meta_disk", on.MetaDisk);
            Str(w, "address", on.Address);
            Set(w, "nbd_socket", TomlFormat.String(on.NbdSocket), "Tandem's default NBD export of this volume");
        }
    }

    static void Time(StringBuilder w, string key, Noted<TimeSpan>? t)
    {
        if (t is not null)
            Set(w, key, TomlFormat.String(Duration.Format(t.Value)), t.Note);
    }

    static void Str(StringBuilder w, string key, Noted<string>? s)
    {
        if (s is not null)
            Set(w, key, TomlFormat.String(s.Value), s.Note);
    }

    static void List(StringBuilder w, string key, List<Noted<string>> items)
    {
        if (items.Count == 0)
        {
            w.Append(key).Append(" = []\n");
            return;
        }
        w.Append(key).Append(" = [\n");
        foreach (var item in items)
            Set(w, "", TomlFormat.String(item.Value) + ",", item.Note, indent: "  ");
        w.Append("]\n");
    }

    static void Set(StringBuilder w, string key, string value, string? note, string indent = "")
    {
        var text = key.Length == 0 ? indent + value : $"{indent}{key} = {value}";
        w.Append(text);
        if (!string.IsNullOrEmpty(note))
            w.Append(' ', Math.Max(2, 40 - text.Length)).Append("# ").Append(Clean(note));
        w.Append('\n');
    }

    static void Comment(StringBuilder w, string text) =>
        w.Append(text.Length == 0 ? "#" : "# " + Clean(text)).Append('\n');

    static string Clean(string text) => string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
}
