using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tandem.Fuse.Protocol;
using Tandem.Storage;

namespace Tandem.Fuse;

/// <summary>
/// One pinned buffer that carries a request and its reply. The request area is what read(2) on
/// /dev/fuse fills (at least max_write + the WRITE headers, as the kernel requires). A READ reply
/// is built over the request area from offset 0 (the request is parsed before it is overwritten);
/// every other reply is small and goes to the scratch area after it. The request area starts where a
/// WRITE's data (after its two headers) lands on a 4 KiB boundary, so the data can go to a direct write
/// (O_DIRECT) as it is, without a copy into an aligned buffer.
/// </summary>
public sealed unsafe class FuseBuffer
{
    public const int ScratchSize = 4096;

    /// <summary>Where a WRITE's data starts in the request: fuse_in_header, then fuse_write_in.</summary>
    public const int WriteDataOffset = FuseInHeader.Size + FuseWriteIn.Size;

    readonly byte[] _array;
    readonly int _start;

    public FuseBuffer(int requestCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestCapacity, 8192);
        RequestCapacity = requestCapacity;
        _array = GC.AllocateUninitializedArray<byte>(requestCapacity + ScratchSize + AlignedArrays.Alignment, pinned: true);
        _start = AlignedArrays.Skip(_array, WriteDataOffset);
    }

    public int RequestCapacity { get; }

    /// <summary>The file descriptor the request was read from (a reply must go back to the same one).</summary>
    public int SourceFd { get; set; } = -1;

    public byte* Pointer => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array)) + _start;

    public Span<byte> Request => _array.AsSpan(_start, RequestCapacity);

    public Memory<byte> RequestMemory => _array.AsMemory(_start, RequestCapacity);

    public Span<byte> Scratch => _array.AsSpan(_start + RequestCapacity, ScratchSize);

    public int ScratchOffset => RequestCapacity;

    /// <summary>The bytes of a reply located by <see cref="FuseReply"/>.</summary>
    public ReadOnlySpan<byte> ReplyBytes(FuseReply reply) => _array.AsSpan(_start + reply.Offset, reply.Length);
}

/// <summary>Where a reply sits in its <see cref="FuseBuffer"/>; Length 0 means the request takes no reply.</summary>
public readonly record struct FuseReply(int Offset, int Length)
{
    public static readonly FuseReply None = new(0, 0);

    public bool HasReply => Length > 0;
}
