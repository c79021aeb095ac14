namespace Tandem.Nbd.Protocol;

/// <summary>Option types of newstyle negotiation (proto.md "Option types").</summary>
public enum NbdOption : uint
{
    ExportName = 1,
    Abort = 2,
    List = 3,
    PeekExport = 4,
    StartTls = 5,
    Info = 6,
    Go = 7,
    StructuredReply = 8,
    BlockSize = 9,
    ListMetaContext = 10,
    SetMetaContext = 11,
    ExtendedHeaders = 12,
}
