namespace Tandem.Config;

// Automatic split-brain recovery, named after drbd.conf after-sb-0pri / after-sb-1pri / after-sb-2pri.
// Config values are the drbd.conf spellings ("discard-zero-changes", ...); see ConfigNames.

/// <summary>Split brain detected while neither node is Primary (<c>after_sb_0pri</c>).</summary>
public enum AfterSb0Pri
{
    /// <summary>"disconnect": do nothing automatically; the operator decides.</summary>
    Disconnect,
    /// <summary>"discard-zero-changes": if only one node wrote anything, its data wins.</summary>
    DiscardZeroChanges,
    /// <summary>"discard-younger-primary": the node promoted while apart loses its changes; the one that was Primary when the
    /// nodes lost each other keeps them. When that does not tell the two apart, as in DRBD: discard-least-changes.</summary>
    DiscardYoungerPrimary,
    /// <summary>"discard-older-primary": the node that was Primary when the nodes lost each other loses its changes; the one
    /// promoted while apart keeps them. When that does not tell the two apart, as in DRBD: discard-least-changes.</summary>
    DiscardOlderPrimary,
    /// <summary>"discard-least-changes": the node with fewer changed blocks loses its changes.</summary>
    DiscardLeastChanges,
}

/// <summary>Split brain detected while one node is Primary (<c>after_sb_1pri</c>).</summary>
public enum AfterSb1Pri
{
    /// <summary>"disconnect": do nothing automatically.</summary>
    Disconnect,
    /// <summary>"consensus": apply after_sb_0pri if the Secondary is the one it would discard, else disconnect.</summary>
    Consensus,
    /// <summary>"discard-secondary": the Secondary loses its changes.</summary>
    DiscardSecondary,
}

/// <summary>Split brain detected while both nodes are Primary (<c>after_sb_2pri</c>); only "disconnect" is offered.</summary>
public enum AfterSb2Pri
{
    /// <summary>"disconnect": do nothing automatically.</summary>
    Disconnect,
}
