// protobufjs reading and writing the format, independently of this package: shared with the
// benchmarks through @kds/interop.
export { AggregatedRecordType, type ProtobufjsBody, readWithProtobufjs } from '@kds/interop';
