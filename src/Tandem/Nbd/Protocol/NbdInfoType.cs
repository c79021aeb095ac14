namespace Tandem.Nbd.Protocol;

/// <summary>Information types of NBD_REP_INFO (proto.md "Option reply types", NBD_REP_INFO).</summary>
public enum NbdInfoType : ushort
{
    Export = 0,
    Name = 1,
    Description = 2,
    BlockSize = 3,
}
