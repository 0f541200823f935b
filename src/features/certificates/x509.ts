/**
 * @peculiar/x509, ready to use in the browser and in Vitest (node): the metadata polyfill it needs is
 * loaded first, and its crypto provider is the platform's WebCrypto (globalThis.crypto), which the
 * library only picks up by itself in a browser.
 */
import '../../lib/reflectMetadata';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(globalThis.crypto);

export { x509 };
