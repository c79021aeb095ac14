namespace Tandem.Resources.Groups;

/// <summary>An event of a group, for the event log and notifications.</summary>
public sealed record GroupEvent(DateTimeOffset At, string Group, string Node, GroupEventKind Kind, string Text)
{
    public override string ToString() => $"group {Group} on {Node}: {Text}";
}
