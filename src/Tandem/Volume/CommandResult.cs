namespace Tandem.Volume;

/// <summary>Outcome of an operator command: done (with what happened), or refused with what to do.</summary>
public readonly record struct CommandResult(bool Ok, string Message)
{
    public static CommandResult Done(string message) => new(true, message);
    public static CommandResult Fail(string message) => new(false, message);
}
