using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tandem.Notifications;

/// <summary>How an event reads in a mail (subject and body) and in a webhook (JSON).</summary>
public static class NotificationText
{
    /// <summary>Longest subject line; the full text is in the body.</summary>
    public const int MaxSubject = 160;

    /// <summary><c>[tandem db] failover: group mysql moved from a to b: ...</c> on one line.</summary>
    public static string Subject(NotificationEvent e)
    {
        var line = $"[tandem {e.Cluster}] {e.KindName.Replace('_', ' ')}: {OneLine(e.Text)}";
        return line.Length <= MaxSubject ? line : line[..(MaxSubject - 3)] + "...";
    }

    /// <summary>The sentence, then one field a line.</summary>
    public static string Body(NotificationEvent e)
    {
        var b = new StringBuilder();
        b.Append(e.Text).Append("\n\n");
        b.Append("event:    ").Append(e.KindName).Append('\n');
        b.Append("cluster:  ").Append(e.Cluster).Append('\n');
        b.Append("node:     ").Append(e.Node).Append('\n');
        if (e.Group is not null)
            b.Append("group:    ").Append(e.Group).Append('\n');
        if (e.Resource is not null)
            b.Append("resource: ").Append(e.Resource).Append('\n');
        b.Append("at:       ").Append(Timestamp(e.At)).Append('\n');
        return b.ToString();
    }

    /// <summary>
    /// <c>{"kind":"failover","text":"...","cluster":"db","node":"b","group":"mysql","resource":null,"at":"2026-11-24T12:00:03.120Z"}</c>.
    /// </summary>
    public static byte[] Json(NotificationEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", e.KindName);
            w.WriteString("text", e.Text);
            w.WriteString("cluster", e.Cluster);
            w.WriteString("node", e.Node);
            w.WriteString("group", e.Group);
            w.WriteString("resource", e.Resource);
            w.WriteString("at", Timestamp(e.At));
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>UTC with milliseconds, as in <c>tandem status --json</c>.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    static string OneLine(string text) => string.Concat(text.Select(c => char.IsControl(c) ? ' ' : c));
}
