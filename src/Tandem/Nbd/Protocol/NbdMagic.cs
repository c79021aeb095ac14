namespace Tandem.Nbd.Protocol;

/// <summary>Magic numbers of the NBD protocol (NetworkBlockDevice/nbd doc/proto.md). All are sent big-endian.</summary>
public static class NbdMagic
{
    /// <summary>"NBDMAGIC" (INIT_PASSWD): first 8 bytes the server sends (proto.md "Newstyle negotiation").</summary>
    public const ulong InitPassword = 0x4e42444d41474943;

    /// <summary>"IHAVEOPT": second greeting word of newstyle, and prefix of every client option.</summary>
    public const ulong IHaveOpt = 0x49484156454F5054;

    /// <summary>cliserv_magic of the obsolete oldstyle negotiation (refused).</summary>
    public const ulong OldstyleCliserv = 0x00420281861253;

    /// <summary>Prefix of every option reply in fixed newstyle (proto.md "Fixed newstyle negotiation").</summary>
    public const ulong OptionReply = 0x0003e889045565a9;

    /// <summary>NBD_REQUEST_MAGIC (proto.md "Request message").</summary>
    public const uint Request = 0x25609513;

    /// <summary>NBD_SIMPLE_REPLY_MAGIC (proto.md "Simple reply message").</summary>
    public const uint SimpleReply = 0x67446698;

    /// <summary>NBD_STRUCTURED_REPLY_MAGIC; never negotiated by this implementation.</summary>
    public const uint StructuredReply = 0x668e33ef;

    /// <summary>NBD_EXTENDED_REQUEST_MAGIC; never negotiated by this implementation.</summary>
    public const uint ExtendedRequest = 0x21e41c71;
}
