namespace McpDbEngineer.Hosting;

/// <summary>
/// Standard input that counts the messages (non-blank lines) it delivers and reports its end only once the
/// <see cref="MessageLedger"/> has seen them handled: the transport stops the server at the end of input.
/// </summary>
public sealed class DrainingInput(Stream input, MessageLedger ledger, TimeSpan limit) : Stream
{
    private bool _lineHasContent;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await input.ReadAsync(buffer, cancellationToken);
        if (read == 0)
        {
            if (_lineHasContent)
            {
                _lineHasContent = false;
                ledger.Read(); // a last message without a newline
            }

            await ledger.WhenAllHandledAsync(limit);
            return 0;
        }

        foreach (var b in buffer.Span[..read])
        {
            if (b == (byte)'\n')
            {
                if (_lineHasContent)
                {
                    ledger.Read();
                }

                _lineHasContent = false;
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                _lineHasContent = true;
            }
        }

        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.Dispose();
        }

        base.Dispose(disposing);
    }
}
