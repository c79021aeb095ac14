using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tandem.Fuse;

/// <summary>
/// One pinned buffer that carries a request and its reply. The request area is what read(2) on
/// /dev/fuse fills (at least max_write + the WRITE headers, as the kernel requires). A READ reply
/// is built over the request area from offset 0 (the request is parsed before it is overwritten);
/// every other reply is small and goes to the scratch area after it.
/// </summary>
public sealed unsafe class FuseBuffer
{
    public const int ScratchSize = 4096;

    readonly byte[] _array;

    public FuseBuffer(int requestCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestCapacity, 8192);
        RequestCapacity = requestCapacity;
        _array = GC.AllocateUninitializedArray<byte>(requestCapacity + ScratchSize, pinned: true);
    }

    public int RequestCapacity { get; }

    /// <summary>The file descriptor the request was read from (a reply must go back to the same one).</summary>
    public int SourceFd { get; set; } = -1;

    public byte* Pointer => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));

    public Span<byte> Request => _array.AsSpan(0, RequestCapacity);

    public Memory<byte> RequestMemory => _array.AsMemory(0, RequestCapacity);

    public Span<byte> Scratch => _array.AsSpan(RequestCapacity, ScratchSize);

    public int ScratchOffset => RequestCapacity;

    /// <summary>The bytes of a reply located by <see cref="FuseReply"/>.</summary>
    public ReadOnlySpan<byte> ReplyBytes(FuseReply reply) => _array.AsSpan(reply.Offset, reply.Length);
}

/// <summary>Where a reply sits in its <see cref="FuseBuffer"/>; Length 0 means the request takes no reply.</summary>
public readonly record struct FuseReply(int Offset, int Length)
{
    public static readonly FuseReply None = new(0, 0);

    public bool HasReply => Length > 0;
}
