// Types inject('kinesisEndpoint') and inject('dynamodbEndpoint') of the shared global setup.
import '@kds/test-support';
