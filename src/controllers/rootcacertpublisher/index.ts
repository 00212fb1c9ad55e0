// The root CA certificate publisher.
import type { ControllerDescriptor } from '../context.js';
import { RootCACertPublisher } from './controller.js';

export {
  DESCRIPTION,
  DESCRIPTION_ANNOTATION,
  ROOT_CA_CONFIG_MAP_NAME,
  ROOT_CA_KEY,
  RootCACertPublisher,
} from './controller.js';

/** The `root-ca-certificate-publisher` controller of the controller manager (one worker, as upstream). */
export const rootCACertPublisherController: ControllerDescriptor = {
  name: 'root-ca-certificate-publisher',
  start(ctx, signal) {
    const c = new RootCACertPublisher(ctx);
    void c.run(1, signal);
  },
};
