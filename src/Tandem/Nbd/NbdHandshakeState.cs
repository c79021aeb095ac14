namespace Tandem.Nbd;

/// <summary>States of the server side of fixed newstyle negotiation.</summary>
public enum NbdHandshakeState
{
    /// <summary>Nothing sent yet; the greeting comes next.</summary>
    Created,
    AwaitingClientFlags,
    AwaitingOption,
    /// <summary>An export was chosen (NBD_OPT_GO or NBD_OPT_EXPORT_NAME); requests follow.</summary>
    Transmission,
    /// <summary>The session ends (NBD_OPT_ABORT, bad client flags, unknown export on EXPORT_NAME, too many options).</summary>
    Closed,
}
