using System.Diagnostics;
using System.Globalization;

namespace Tandem.Lab;

/// <summary>Live progress for people: one line per step on stderr, with the time since the start of the run.</summary>
public sealed class LabProgress(TextWriter? output)
{
    readonly Stopwatch _since = Stopwatch.StartNew();

    public static LabProgress Silent { get; } = new(null);

    public TimeSpan Elapsed => _since.Elapsed;

    public void Say(string text)
    {
        if (output is null)
            return;
        lock (output)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_since.Elapsed.TotalSeconds,7:0.0}s] {text}"));
    }
}
