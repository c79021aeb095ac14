namespace Tandem.Resources.Processes;

/// <summary>How a program ended and what it printed (the tail of each stream, bounded).</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Exit status used when the program could not be started at all (as a shell does).</summary>
    public const int CannotRun = 127;

    /// <summary>The last non-empty line of stderr, else of stdout: what goes into a one-line reason.</summary>
    public string Summary => LastLine(Stderr) ?? LastLine(Stdout) ?? "";

    /// <summary>"exit 3: message" for reasons.</summary>
    public string Describe() => Summary.Length == 0 ? $"exit {ExitCode}" : $"exit {ExitCode}: {Summary}";

    static string? LastLine(string s) =>
        s.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0);
}
