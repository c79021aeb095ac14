namespace Tandem.Resources.Groups;

/// <summary>What the machine asks its runner to do.</summary>
public abstract record GroupAction
{
    /// <summary>Run an agent operation on resource <paramref name="Index"/>; report back with <see cref="GroupInput.Completed"/>.</summary>
    public sealed record Run(OperationKind Kind, int Index, long Generation) : GroupAction;

    /// <summary>Feed <paramref name="Input"/> back after <paramref name="After"/>.</summary>
    public sealed record Schedule(GroupInput Input, TimeSpan After) : GroupAction;

    /// <summary>The group is stopped here: ask the peer to start it.</summary>
    public sealed record OfferToPeer : GroupAction;

    /// <summary>Ask the peer to stop the group and offer it back.</summary>
    public sealed record AskPeerToRelease : GroupAction;

    public sealed record StateChanged(GroupState Old, GroupState New) : GroupAction;

    public sealed record ResourceChanged(int Index, ResourceState Old, ResourceState New) : GroupAction;

    /// <summary>Resource <paramref name="Index"/> did not answer its monitor in time; the group leaves this node (logged once).</summary>
    public sealed record ResourceHung(int Index, string Reason) : GroupAction;

    /// <summary>A line for the event log (and notifications).</summary>
    public sealed record Event(GroupEventKind Kind, string Text) : GroupAction;
}

/// <summary>The outcome of one input: the actions to carry out, and for an operator command a refusal, if any.</summary>
public sealed record GroupTransition(IReadOnlyList<GroupAction> Actions, string? Refusal);
