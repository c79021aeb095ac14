namespace Tandem.Resources.Specs;

/// <summary>
/// One resource of a group, parsed from its haresources-style string (CONTRACT.md). <see cref="Id"/> is the string
/// as written; it names the resource in status and logs.
/// </summary>
public abstract record ResourceSpec(string Id)
{
    /// <summary>The agent kind for messages: "IPaddr", "Filesystem", "ocf:heartbeat:Dummy", ...</summary>
    public abstract string Kind { get; }

    public override string ToString() => Id;
}
