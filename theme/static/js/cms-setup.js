/* The web editor starts itself only once cms.js has added the site's preview and checks. */
window.CMS_MANUAL_INIT = true;
